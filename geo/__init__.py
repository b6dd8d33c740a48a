"""Pure geographic functions: no database and no Streamlit. Every GeoDataFrame has its CRS set."""
